package dev.baton.transfer.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** File names and JSON settings of a bundle folder. */
final class BundleFiles {

    static final String MANIFEST = "manifest.json";
    static final String PARAMETERS = "parameters.params";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundleFiles() {}
}
