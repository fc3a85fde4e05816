package com.auditremediation.local;

import com.auditremediation.local.standin.StandIn;
import java.io.IOException;
import java.net.URI;

/**
 * The stand-in (docs/stand-in.md) in front of a moto_server that someone else started, for the benchmarks written in
 * Python (scripts/cold-start.sh): {@code java -cp ... com.auditremediation.local.StandInFront http://127.0.0.1:PORT}
 * prints {@code endpoint http://127.0.0.1:OTHER} on its first line, serves until its standard input closes, then stops.
 * So the every-check rows get a real verdict for the calls moto lacks, as `local` and the tests do.
 */
public final class StandInFront {

    private StandInFront() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StandInFront MOTO_ENDPOINT (for example http://127.0.0.1:5000)");
            System.exit(2);
        }
        URI moto = URI.create(args[0]);
        try (FaultProxy front = FaultProxy.start(moto, StandIn.create(moto))) {
            System.out.println("endpoint " + front.endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Serves until the caller closes our standard input (or ends the process).
            }
        }
    }
}
