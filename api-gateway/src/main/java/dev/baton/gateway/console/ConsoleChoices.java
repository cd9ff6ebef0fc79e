package dev.baton.gateway.console;

import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.TrainingStrategy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the console's submit form offers: every base, strategy and head of the contract, each with
 * the one line that tells a user which to pick. A constant missing here fails at start-up, so a new
 * strategy cannot reach the API without reaching the form.
 *
 * @param bases the base architectures
 * @param strategies the training strategies
 * @param heads the classifiers
 */
public record ConsoleChoices(List<Choice> bases, List<Choice> strategies, List<Choice> heads) {

    /**
     * One option of a select.
     *
     * @param value the wire name
     * @param explanation one line on when to choose it
     */
    public record Choice(String value, String explanation) {
    }

    /** The choices of this build. */
    public static final ConsoleChoices INSTANCE = new ConsoleChoices(
            choices(BaseArchitecture.values(), BaseArchitecture::wireName, Map.of(
                    BaseArchitecture.MOBILENET_V2, "MobileNetV2: small and fast, a good default on CPUs",
                    BaseArchitecture.VGG16, "VGG16: 13 conv layers, larger and slower, the classic course base")),
            choices(TrainingStrategy.values(), TrainingStrategy::wireName, Map.of(
                    TrainingStrategy.AUTO, "auto: Baton searches head, learning rate and depth within the budget",
                    TrainingStrategy.FEATURE_EXTRACTION, "feature extraction: freeze the whole base, train only the "
                            + "classifier (small datasets)",
                    TrainingStrategy.FINE_TUNE, "fine-tune: freeze the early conv blocks, train the last ones "
                            + "(medium datasets)",
                    TrainingStrategy.FULL, "full: train every layer (large datasets, far from ImageNet)",
                    TrainingStrategy.TWO_PHASE, "two-phase: train the classifier first, then fine-tune at a tenth "
                            + "of the rate")),
            choices(HeadType.values(), HeadType::wireName, Map.of(
                    HeadType.GAP, "gap: global average pooling and softmax, few weights, rarely overfits",
                    HeadType.DENSE, "dense: flatten and fully connected layers with softmax, the most weights",
                    HeadType.SVM, "svm: a linear SVM with hinge loss, scores instead of probabilities")));

    private static <E extends Enum<E>> List<Choice> choices(E[] values, Function<E, String> wire,
            Map<E, String> explanations) {
        return Arrays.stream(values).map(value -> {
            String explanation = explanations.get(value);
            if (explanation == null) {
                throw new IllegalStateException("the console explains no " + value.getDeclaringClass().getSimpleName()
                        + " " + value + "; add one to ConsoleChoices");
            }
            return new Choice(wire.apply(value), explanation);
        }).toList();
    }
}
