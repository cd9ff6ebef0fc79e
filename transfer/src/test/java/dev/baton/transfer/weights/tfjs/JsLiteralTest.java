package dev.baton.transfer.weights.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.transfer.weights.WeightFormatException;
import org.junit.jupiter.api.Test;

class JsLiteralTest {
    private static final String UMD_HEAD = "!function(e){if(\"object\"==typeof exports&&\"undefined\"!=typeof module)"
            + "module.exports=e();else{(this).model=e()}}(function(){return function e(a,n,i){}({1:[function(e,a,n){";
    private static final String UMD_TAIL = "},{}]},{},[1])(1)});";

    @Test
    void readsMinifiedObjectLiteralFromUmdBundle() throws Exception {
        String src = UMD_HEAD + "a.exports={modelTopology:{keras_version:\"2.2.4\",trainable:!1,center:!0,"
                + "momentum:.999,neg:-.5,big:8.999999749903509e-7,five:5.,hex:0x1F,zero:0,"
                + "seed:null,u:undefined,v:void 0,'quoted key':'it\\'s \"x\"',list:[1,[2,3],{a:1},],"
                + "1:\"numeric key\"},weightsManifest:[]}" + UMD_TAIL;
        JsonNode n = JsLiteral.exportedLiteral(src, "test");
        JsonNode t = n.path("modelTopology");
        assertEquals("2.2.4", t.path("keras_version").asText());
        assertFalse(t.path("trainable").asBoolean(true));
        assertTrue(t.path("trainable").isBoolean());
        assertTrue(t.path("center").asBoolean(false));
        assertEquals(0.999, t.path("momentum").asDouble());
        assertEquals(-0.5, t.path("neg").asDouble());
        assertEquals(8.999999749903509e-7, t.path("big").asDouble());
        assertEquals(5.0, t.path("five").asDouble());
        assertEquals(31, t.path("hex").asInt());
        assertEquals(0, t.path("zero").asInt());
        assertTrue(t.path("seed").isNull());
        assertTrue(t.path("u").isNull());
        assertTrue(t.path("v").isNull());
        assertEquals("it's \"x\"", t.path("quoted key").asText());
        assertEquals(3, t.path("list").path(1).path(1).asInt());
        assertEquals(1, t.path("list").path(2).path("a").asInt());
        assertEquals("numeric key", t.path("1").asText());
        assertTrue(n.path("weightsManifest").isArray());
    }

    @Test
    void readsExportedStringLiteral() throws Exception {
        String src = UMD_HEAD + "h.exports=\"AAEC/w==\"" + UMD_TAIL;
        JsonNode n = JsLiteral.exportedLiteral(src, "shard");
        assertTrue(n.isTextual());
        assertEquals("AAEC/w==", n.asText());
    }

    @Test
    void rejectsModulesWithoutDataOrWithCode() {
        assertThrows(WeightFormatException.class, () -> JsLiteral.exportedLiteral("module.exports=e();", "x"));
        assertThrows(WeightFormatException.class, () -> JsLiteral.exportedLiteral("exports={a:foo()}", "x"));
        assertThrows(WeightFormatException.class, () -> JsLiteral.exportedLiteral("exports={a:[1,2}", "x"));
        assertThrows(WeightFormatException.class, () -> JsLiteral.exportedLiteral("exports={a:\"open", "x"));
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> JsLiteral.exportedLiteral("exports={a:1", "model.min.js"));
        assertTrue(e.getMessage().contains("model.min.js"), e.getMessage());
    }
}
