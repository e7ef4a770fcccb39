package io.finrelay.formats;

import io.finrelay.formats.bai2.Bai2Reader;
import io.finrelay.formats.iso20022.camt.CamtReader;
import io.finrelay.formats.iso20022.pain002.Pain002Reader;
import io.finrelay.formats.mt940.Mt940Reader;
import java.io.ByteArrayInputStream;
import java.util.List;

/** Every inbound parser, by the folder its samples live in, for tests that throw bad input at all of them. */
public final class Parsers {
    private Parsers() {
    }

    public static List<String> validSamples() {
        return java.util.stream.Stream.of("samples/camt052", "samples/camt053", "samples/camt054", "own/camt",
                        "samples/pain002", "own/pain002", "samples/mt940", "own/mt940", "samples/bai2", "own/bai2")
                .flatMap(f -> Golden.files(f).stream())
                .filter(f -> !RejectedSamplesTest.REJECTED.containsKey(f))
                .toList();
    }

    /** Parses with the reader for the sample's folder; returns normally or throws. */
    public static void parse(String sample, byte[] content) {
        var in = new ByteArrayInputStream(content);
        String name = sample.substring(sample.lastIndexOf('/') + 1);
        if (sample.contains("camt")) {
            CamtReader.any().readAll(name, in);
        } else if (sample.contains("pain002")) {
            new Pain002Reader().read(name, in);
        } else if (sample.contains("mt940")) {
            new Mt940Reader().readAll(name, in);
        } else if (sample.contains("bai2")) {
            new Bai2Reader().readAll(name, in);
        } else {
            throw new IllegalArgumentException("no parser for " + sample);
        }
    }
}
