package com.auditremediation.local;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The one place where the moto that local-aws starts differs from moto_server: {@value #SCRIPT} (a resource beside this
 * class) patches moto 5.2.1's ResultWriter so that the distributed Map's result files (SUCCEEDED_0.json, FAILED_0.json)
 * are written as AWS writes them, then runs moto's own server main with moto_server's arguments. It runs in the
 * Python interpreter of the moto_server that would have been started ({@code MOTO_SERVER} or the PATH), so it is the
 * same moto. See docs/moto-patches.md, which also says how to drop it.
 *
 * <p>An executable whose interpreter cannot be found (not a Python script, no {@code python3} beside it) is started as
 * it is, unpatched, with a warning: locally, the distributed Map then reports its accounts MISSING_RESULT.
 */
public final class MotoPatches {

    static final String SCRIPT = "moto_result_files.py";
    private static Path script;

    private MotoPatches() {
    }

    /** The command that starts {@code motoServer} patched, without moto_server's own arguments. */
    public static List<String> command(String motoServer) {
        Optional<String> python = interpreter(Path.of(motoServer));
        if (python.isEmpty()) {
            System.err.println("local-aws: no Python interpreter found for " + motoServer + " (neither its #! line nor a python3"
                    + " beside it): moto is started unpatched, so the distributed Map's results are missing locally");
            return List.of(motoServer);
        }
        return List.of(python.get(), script().toString());
    }

    /**
     * The Python that runs {@code executable}: what its {@code #!} line names (pip's console scripts:
     * {@code #!/path/to/python3.11}, or {@code #!/usr/bin/env python3} resolved on the PATH), else the {@code python3}
     * in the same folder (a wrapper such as pyenv's shims, which picks the same Python for both).
     */
    static Optional<String> interpreter(Path executable) {
        String first = firstLine(executable);
        if (first.startsWith("#!")) {
            String[] words = first.substring(2).trim().split("\\s+");
            if (words.length > 1 && words[0].endsWith("/env")) {
                Optional<String> onPath = onPath(words[words.length - 1]);
                if (onPath.isPresent() && isPython(words[words.length - 1])) {
                    return onPath;
                }
            } else if (words.length > 0 && isPython(Path.of(words[0]).getFileName().toString()) && Files.isExecutable(Path.of(words[0]))) {
                return Optional.of(words[0]);
            }
        }
        Path sibling = executable.toAbsolutePath().resolveSibling("python3");
        return Files.isExecutable(sibling) ? Optional.of(sibling.toString()) : Optional.empty();
    }

    /** The patch script, copied once per JVM to a temporary file that goes when the JVM ends. */
    static synchronized Path script() {
        if (script == null) {
            try (InputStream in = MotoPatches.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException(SCRIPT + " is missing from local-aws's resources");
                }
                Path file = Files.createTempFile("moto-result-files-", ".py");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                script = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + SCRIPT + " to a temporary file", e);
            }
        }
        return script;
    }

    private static boolean isPython(String name) {
        return name.matches("python(\\d+(\\.\\d+)*)?");
    }

    private static String firstLine(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            return "";
        }
    }

    /** The executable {@code name} in the first folder of the PATH that has one. */
    static Optional<String> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return Optional.of(candidate.getAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
