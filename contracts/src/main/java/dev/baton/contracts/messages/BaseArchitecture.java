package dev.baton.contracts.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The convolutional bases Baton can build and fine-tune. Written in lower case on the wire. */
public enum BaseArchitecture {
    /** VGG16: 13 conv layers in 5 blocks (torchvision layout). */
    VGG16,
    /** MobileNetV2, width 1.0 (torchvision layout). */
    MOBILENET_V2;

    /** @return the lower-case name used in JSON */
    @JsonValue
    public String wireName() {
        return WireEnum.wireName(this);
    }

    /**
     * @param value the lower-case name
     * @return the constant
     * @throws IllegalArgumentException naming the field and the accepted values
     */
    @JsonCreator
    public static BaseArchitecture fromWire(String value) {
        return WireEnum.parse(BaseArchitecture.class, "base", value);
    }
}
