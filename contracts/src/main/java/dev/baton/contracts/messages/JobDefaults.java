package dev.baton.contracts.messages;

/**
 * The one place that says what a training job does when its submitter leaves a field out: the
 * gateway fills a {@link TrainingRequest} from these, the CLI prints them in its help, and the
 * trainer reads them nowhere else. Chosen by measurement (bench/RESULTS.md, "Good models by
 * default").
 */
public final class JobDefaults {
    private JobDefaults() {}

    /** The base architecture, as written on the wire. */
    public static final String BASE_NAME = "mobilenet_v2";
    /** The base architecture. */
    public static final BaseArchitecture BASE = BaseArchitecture.fromWire(BASE_NAME);
    /** The registered pretrained base of {@link #BASE} that ships with Baton (offline). */
    public static final String PRETRAINED = "mobilenet_v2-nsfwjs";
    /** The strategy, as written on the wire. */
    public static final String STRATEGY_NAME = "auto";
    /** {@code auto}: Baton chooses head, learning rate and fine-tuning depth within the budget. */
    public static final TrainingStrategy STRATEGY = TrainingStrategy.fromWire(STRATEGY_NAME);
    /** The classifier of explicit strategies, as written on the wire. */
    public static final String HEAD_NAME = "gap";
    /** The classifier of explicit strategies ({@code auto} chooses its own). */
    public static final HeadType HEAD = HeadType.fromWire(HEAD_NAME);
    /** Epochs of explicit strategies (two-phase: of each phase). */
    public static final int EPOCHS = 10;
    /** {@code auto}: the most epochs its final fine-tune may run (the budget usually allows fewer). */
    public static final int AUTO_MAX_EPOCHS = 30;
    /** Images per batch. */
    public static final int BATCH_SIZE = 32;
    /** The learning rate of explicit strategies ({@code auto} searches its own). */
    public static final double LEARNING_RATE = 0.01;
    /** The square input size in pixels: 96 trains about 5× faster than 224 on a CPU. */
    public static final int IMAGE_SIZE = 96;
    /** Channel multiplier of the base (pretrained bases need 1.0). */
    public static final double WIDTH_MULTIPLIER = 1.0;
    /**
     * Explicit strategies: random flips and resized crops of training images (off: measured no better within
     * their epochs).
     */
    public static final boolean AUGMENTATION = false;
    /**
     * {@code auto}: random horizontal flips of the images its fine-tune trains on (on: measured better on small
     * data and level on 10,000 images; resized crops measured worse within the budget).
     */
    public static final boolean AUTO_AUGMENTATION = true;
    /** The fraction of images held out for validation. */
    public static final double VALIDATION_SPLIT = 0.1;
    /** The seed of the split, initialisation, shuffling and augmentation. */
    public static final long SEED = 42;
    /**
     * {@code auto}: the wall time the whole job may take, in minutes, sized for a 10,000-image
     * dataset on two CPU cores.
     */
    public static final int BUDGET_MINUTES = 12;

    /**
     * @param strategy the job's strategy
     * @return the default epochs for it
     */
    public static int epochs(TrainingStrategy strategy) {
        return strategy == TrainingStrategy.AUTO ? AUTO_MAX_EPOCHS : EPOCHS;
    }

    /**
     * @param strategy the job's strategy
     * @return whether it augments its training images by default
     */
    public static boolean augmentation(TrainingStrategy strategy) {
        return strategy == TrainingStrategy.AUTO ? AUTO_AUGMENTATION : AUGMENTATION;
    }
}
