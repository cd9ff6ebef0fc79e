package dev.baton.transfer.train;

import dev.baton.transfer.device.DevicePreference;
import dev.baton.transfer.model.BackboneConfig;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.HeadType;
import dev.baton.transfer.model.InvalidBackboneConfigException;
import dev.baton.transfer.model.PaddingMode;
import dev.baton.transfer.strategy.FreezeBoundary;
import dev.baton.transfer.strategy.TrainingStrategy;

/**
 * Everything that defines a transfer-learning job. Build one with {@link #builder(String)}.
 *
 * @param base base model name ("vgg16", "mobilenet_v2")
 * @param widthMultiplier backbone channel multiplier
 * @param inputSize square input size in pixels (32..224)
 * @param paddingMode padding of strided convolutions (TF_SAME for Keras weights)
 * @param batchNormEpsilon BatchNorm epsilon (1e-3 for Keras weights)
 * @param strategy which parts of the backbone are trained
 * @param freezeBoundary where freezing stops (FINE_TUNE and TWO_PHASE), else null
 * @param head the classifier head
 * @param epochs epochs to train (for TWO_PHASE: epochs of the fine-tune phase)
 * @param headEpochs TWO_PHASE only: maximum epochs of the head-only phase (early stopping may end
 *     it sooner)
 * @param batchSize batch size
 * @param learningRate SGD learning rate (TWO_PHASE: of the head phase)
 * @param fineTuneLearningRate TWO_PHASE: learning rate of the fine-tune phase (conventionally
 *     learningRate/10)
 * @param momentum SGD momentum in [0, 1)
 * @param optimizer the optimizer
 * @param weightDecay weight decay of matrices and kernels (L2 for SGD, decoupled for AdamW), ≥ 0
 * @param labelSmoothing label smoothing of the softmax cross-entropy in [0, 0.5) (not the SVM head)
 * @param schedule the learning-rate schedule of every phase
 * @param warmupEpochs linear learning-rate warm-up at the start of every phase, in epochs (0 = none)
 * @param baseLearningRateScale the backbone's learning rate as a fraction of the head's, in (0, 1]
 * @param seed random seed: initialisation, dropout and shuffling are reproducible
 * @param earlyStoppingPatience stop a phase after this many epochs without a validation-loss
 *     improvement; 0 disables early stopping
 * @param threads PyTorch intra-op CPU threads; 0 keeps the engine default
 * @param device CPU (default), GPU or AUTO
 * @param featureCaching with a fully frozen backbone (FEATURE_EXTRACTION, TWO_PHASE head phase):
 *     run the backbone once per image and train the head on cached features; the training
 *     dataset is then read once, so random augmentation is effectively off
 * @param publishLastEpoch the result is the model after the last epoch instead of the epoch with the best
 *     validation accuracy (for a validation set too small to rank epochs: {@code auto} on small data); absent
 *     from specs written before it existed, which read as false
 */
public record TrainingSpec(
        String base,
        double widthMultiplier,
        int inputSize,
        PaddingMode paddingMode,
        float batchNormEpsilon,
        TrainingStrategy strategy,
        FreezeBoundary freezeBoundary,
        HeadSpec head,
        int epochs,
        int headEpochs,
        int batchSize,
        float learningRate,
        float fineTuneLearningRate,
        float momentum,
        OptimizerKind optimizer,
        float weightDecay,
        float labelSmoothing,
        ScheduleKind schedule,
        float warmupEpochs,
        float baseLearningRateScale,
        int seed,
        int earlyStoppingPatience,
        int threads,
        DevicePreference device,
        boolean featureCaching,
        boolean publishLastEpoch) {

    /**
     * Validates the spec. A spec written before the optimiser fields existed (bundle schema 1) has
     * none of them: it is read as what that code ran, plain momentum SGD at a constant rate with
     * the base at the head's rate ({@code optimizer}, {@code schedule} absent and
     * {@code baseLearningRateScale} 0).
     *
     * @throws InvalidTrainingSpecException if a value is out of range or inconsistent
     * @throws dev.baton.transfer.model.UnknownBaseModelException if the base is unknown
     */
    public TrainingSpec {
        BackboneFactory.requireKnown(base);
        require(strategy != null, "strategy must be set");
        require(head != null, "head must be set");
        require(device != null, "device must be set");
        require(epochs >= 1, "epochs must be ≥ 1, was " + epochs);
        require(strategy != TrainingStrategy.TWO_PHASE || headEpochs >= 1,
                "TWO_PHASE needs headEpochs ≥ 1, was " + headEpochs);
        require(batchSize >= 1, "batchSize must be ≥ 1, was " + batchSize);
        require(learningRate > 0, "learningRate must be > 0, was " + learningRate);
        require(fineTuneLearningRate > 0, "fineTuneLearningRate must be > 0, was " + fineTuneLearningRate);
        require(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), was " + momentum);
        if (optimizer == null && schedule == null && baseLearningRateScale == 0) {
            optimizer = OptimizerKind.SGD;
            schedule = ScheduleKind.CONSTANT;
            baseLearningRateScale = 1;
        }
        require(optimizer != null, "optimizer must be set");
        require(schedule != null, "schedule must be set");
        require(weightDecay >= 0 && weightDecay < 1, "weightDecay must be in [0, 1), was " + weightDecay);
        require(labelSmoothing >= 0 && labelSmoothing < 0.5f, "labelSmoothing must be in [0, 0.5), was " + labelSmoothing);
        require(warmupEpochs >= 0, "warmupEpochs must be ≥ 0, was " + warmupEpochs);
        require(baseLearningRateScale > 0 && baseLearningRateScale <= 1,
                "baseLearningRateScale must be in (0, 1], was " + baseLearningRateScale);
        require(earlyStoppingPatience >= 0, "earlyStoppingPatience must be ≥ 0");
        require(threads >= 0, "threads must be ≥ 0, was " + threads);
        boolean needsBoundary =
                strategy == TrainingStrategy.FINE_TUNE || strategy == TrainingStrategy.TWO_PHASE;
        require(!needsBoundary || freezeBoundary != null, strategy + " needs a freezeBoundary");
        try {
            new BackboneConfig(widthMultiplier, inputSize, batchNormEpsilon, paddingMode);
        } catch (InvalidBackboneConfigException e) {
            throw new InvalidTrainingSpecException(e.getMessage(), e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new InvalidTrainingSpecException(message);
        }
    }

    /** @return the backbone shape options of this spec */
    public BackboneConfig backboneConfig() {
        return new BackboneConfig(widthMultiplier, inputSize, batchNormEpsilon, paddingMode);
    }

    /**
     * @param base base model name
     * @return a builder with defaults: width 1, 224 px, torch padding, eps 1e-5, FEATURE_EXTRACTION,
     *     GAP head, 10 epochs, 5 head epochs, batch 32, lr 0.01, fine-tune lr 0.001, SGD momentum 0.9,
     *     no weight decay, no label smoothing, constant rate, no warm-up, the base at the head's rate,
     *     seed 42, no early stopping, default threads, CPU, feature caching on, the best epoch published
     */
    public static Builder builder(String base) {
        return new Builder(base);
    }

    /** @return a builder initialised from this spec */
    public Builder toBuilder() {
        Builder b = new Builder(base);
        b.widthMultiplier = widthMultiplier;
        b.inputSize = inputSize;
        b.paddingMode = paddingMode;
        b.batchNormEpsilon = batchNormEpsilon;
        b.strategy = strategy;
        b.freezeBoundary = freezeBoundary;
        b.head = head;
        b.epochs = epochs;
        b.headEpochs = headEpochs;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.fineTuneLearningRate = fineTuneLearningRate;
        b.momentum = momentum;
        b.optimizer = optimizer;
        b.weightDecay = weightDecay;
        b.labelSmoothing = labelSmoothing;
        b.schedule = schedule;
        b.warmupEpochs = warmupEpochs;
        b.baseLearningRateScale = baseLearningRateScale;
        b.seed = seed;
        b.earlyStoppingPatience = earlyStoppingPatience;
        b.threads = threads;
        b.device = device;
        b.featureCaching = featureCaching;
        b.publishLastEpoch = publishLastEpoch;
        return b;
    }

    /** Fluent builder of {@link TrainingSpec}. */
    public static final class Builder {
        private final String base;
        private double widthMultiplier = 1.0;
        private int inputSize = 224;
        private PaddingMode paddingMode = PaddingMode.TORCH;
        private float batchNormEpsilon = BackboneConfig.TORCH_BN_EPSILON;
        private TrainingStrategy strategy = TrainingStrategy.FEATURE_EXTRACTION;
        private FreezeBoundary freezeBoundary;
        private HeadSpec head = HeadSpec.defaults(HeadType.GAP);
        private int epochs = 10;
        private int headEpochs = 5;
        private int batchSize = 32;
        private float learningRate = 0.01f;
        private Float fineTuneLearningRate;
        private float momentum = 0.9f;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private float weightDecay;
        private float labelSmoothing;
        private ScheduleKind schedule = ScheduleKind.CONSTANT;
        private float warmupEpochs;
        private float baseLearningRateScale = 1f;
        private int seed = 42;
        private int earlyStoppingPatience;
        private int threads;
        private DevicePreference device = DevicePreference.CPU;
        private boolean featureCaching = true;
        private boolean publishLastEpoch;

        private Builder(String base) {
            this.base = base;
        }

        /** @param v width multiplier @return this */
        public Builder widthMultiplier(double v) { widthMultiplier = v; return this; }
        /** @param v input size @return this */
        public Builder inputSize(int v) { inputSize = v; return this; }
        /** @param v padding mode @return this */
        public Builder paddingMode(PaddingMode v) { paddingMode = v; return this; }
        /** @param v BatchNorm epsilon @return this */
        public Builder batchNormEpsilon(float v) { batchNormEpsilon = v; return this; }
        /** @param v strategy @return this */
        public Builder strategy(TrainingStrategy v) { strategy = v; return this; }
        /** @param v freeze boundary @return this */
        public Builder freezeBoundary(FreezeBoundary v) { freezeBoundary = v; return this; }
        /** @param v head @return this */
        public Builder head(HeadSpec v) { head = v; return this; }
        /** @param v epochs @return this */
        public Builder epochs(int v) { epochs = v; return this; }
        /** @param v TWO_PHASE head epochs @return this */
        public Builder headEpochs(int v) { headEpochs = v; return this; }
        /** @param v batch size @return this */
        public Builder batchSize(int v) { batchSize = v; return this; }
        /** @param v learning rate @return this */
        public Builder learningRate(float v) { learningRate = v; return this; }
        /** @param v fine-tune learning rate (default learningRate/10) @return this */
        public Builder fineTuneLearningRate(float v) { fineTuneLearningRate = v; return this; }
        /** @param v momentum @return this */
        public Builder momentum(float v) { momentum = v; return this; }
        /** @param v optimizer @return this */
        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }
        /** @param v weight decay @return this */
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        /** @param v label smoothing @return this */
        public Builder labelSmoothing(float v) { labelSmoothing = v; return this; }
        /** @param v learning-rate schedule @return this */
        public Builder schedule(ScheduleKind v) { schedule = v; return this; }
        /** @param v warm-up epochs @return this */
        public Builder warmupEpochs(float v) { warmupEpochs = v; return this; }
        /** @param v the base's learning rate as a fraction of the head's @return this */
        public Builder baseLearningRateScale(float v) { baseLearningRateScale = v; return this; }
        /** @param v seed @return this */
        public Builder seed(int v) { seed = v; return this; }
        /** @param v early stopping patience (0 = off) @return this */
        public Builder earlyStoppingPatience(int v) { earlyStoppingPatience = v; return this; }
        /** @param v threads (0 = engine default) @return this */
        public Builder threads(int v) { threads = v; return this; }
        /** @param v device preference @return this */
        public Builder device(DevicePreference v) { device = v; return this; }
        /** @param v feature caching @return this */
        public Builder featureCaching(boolean v) { featureCaching = v; return this; }
        /** @param v publish the last epoch instead of the best one @return this */
        public Builder publishLastEpoch(boolean v) { publishLastEpoch = v; return this; }

        /** @return the validated spec */
        public TrainingSpec build() {
            return new TrainingSpec(base, widthMultiplier, inputSize, paddingMode, batchNormEpsilon,
                    strategy, freezeBoundary, head, epochs, headEpochs, batchSize, learningRate,
                    fineTuneLearningRate == null ? learningRate / 10 : fineTuneLearningRate,
                    momentum, optimizer, weightDecay, labelSmoothing, schedule, warmupEpochs,
                    baseLearningRateScale, seed, earlyStoppingPatience, threads, device, featureCaching,
                    publishLastEpoch);
        }
    }
}
