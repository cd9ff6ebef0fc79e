package dev.baton.contracts.messages;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How much of the pretrained base a job trains: the three strategies of transfer learning, the
 * two-phase recipe, and {@code auto}, which chooses the head, the learning rate and the depth of
 * fine-tuning from the data within the job's budget. Written in lower case on the wire.
 */
public enum TrainingStrategy {
    /**
     * Search heads and learning rates on cached features of the frozen base, probe how deep to
     * fine-tune, then fine-tune the winner for as many epochs as the budget allows.
     */
    AUTO,
    /** Train every layer. */
    FULL,
    /** Freeze the early conv blocks, fine-tune the rest (boundary in the request). */
    FINE_TUNE,
    /** Freeze the whole conv base and train only the classifier. */
    FEATURE_EXTRACTION,
    /** Train the classifier until it converges, then unfreeze and fine-tune at a tenth of the rate. */
    TWO_PHASE;

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
    public static TrainingStrategy fromWire(String value) {
        return WireEnum.parse(TrainingStrategy.class, "strategy", value);
    }
}
