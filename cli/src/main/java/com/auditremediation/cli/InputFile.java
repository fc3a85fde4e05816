package com.auditremediation.cli;

import com.auditremediation.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An execution input file: read and checked to be one JSON object before anything is started. */
final class InputFile {

    private InputFile() {
    }

    /** The file's JSON object, compacted; a missing, unreadable or non-object file is one line and exit code 2. */
    static String read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw CliException.badInput("cannot read --input " + file + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): give a readable JSON file, for example events/all-accounts.json");
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw CliException.badInput("--input " + file + " is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "): fix it or start from events/all-accounts.json");
        }
        if (node == null || !node.isObject()) {
            String kind = node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase();
            throw CliException.badInput("--input " + file + " must hold one JSON object, for example {}; it holds " + kind);
        }
        return Json.write(node);
    }
}
