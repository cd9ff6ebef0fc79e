package dev.baton.contracts.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The classifier put on top of the conv base. Written in lower case on the wire. */
public enum HeadType {
    /** Flatten, fully connected, dropout, fully connected, softmax. */
    DENSE,
    /** Global average pooling, dropout, fully connected, softmax. */
    GAP,
    /** Global average pooling and a linear layer trained with a multiclass hinge loss (scores, not probabilities). */
    SVM;

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
    public static HeadType fromWire(String value) {
        return WireEnum.parse(HeadType.class, "head", value);
    }
}
