package dev.baton.inference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.transfer.bundle.BundleWriter;
import dev.baton.transfer.data.Normalization;
import dev.baton.transfer.device.DeviceSelector;
import dev.baton.transfer.device.DevicePreference;
import dev.baton.transfer.model.BackboneFactory;
import dev.baton.transfer.model.HeadFactory;
import dev.baton.transfer.model.HeadSpec;
import dev.baton.transfer.model.ParameterFile;
import dev.baton.transfer.model.TransferModel;
import dev.baton.transfer.strategy.TrainingStrategy;
import dev.baton.transfer.train.TrainingResult;
import dev.baton.transfer.train.TrainingSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Tiny real bundles for tests: a MobileNetV2 of width 0.25 at 32 px with a GAP head over three
 * classes, randomly initialised from a seed (so versions differ), written by the real
 * {@link BundleWriter} and published with the real {@link AtomicPublisher}.
 */
public final class TestBundles {

    /** The classes of every test bundle. */
    public static final List<String> CLASSES = List.of("cat", "dog", "fox");

    private TestBundles() {
    }

    /** @return the object store the local-cluster listener points at */
    public static ObjectStore store() {
        return ObjectStore.connect(new ObjectStoreConfig(System.getProperty("baton.s3.endpoint"),
                System.getProperty("baton.s3.access-key"), System.getProperty("baton.s3.secret-key"), "us-east-1"));
    }

    /** @return the Kafka bootstrap servers the local-cluster listener points at */
    public static String bootstrap() {
        return System.getProperty("kafka.bootstrap.servers");
    }

    /**
     * @param directory the bundle folder to create
     * @param seed weight seed
     * @return the folder
     */
    public static Path write(Path directory, int seed) {
        return write(directory, seed, 0.25);
    }

    /**
     * @param directory the bundle folder to create
     * @param seed weight seed
     * @param width MobileNetV2 width multiplier
     * @return the folder
     */
    public static synchronized Path write(Path directory, int seed, double width) {
        TrainingSpec spec = TrainingSpec.builder("mobilenet_v2").widthMultiplier(width).inputSize(32)
                .strategy(TrainingStrategy.FULL).head(HeadSpec.gap(0.2f)).epochs(1).batchSize(8).seed(seed).build();
        Engine.getInstance().setRandomSeed(seed);
        TransferModel model = TransferModel.create(BackboneFactory.create("mobilenet_v2", spec.backboneConfig()),
                HeadFactory.create(spec.head(), CLASSES.size()), DeviceSelector.select(DevicePreference.CPU));
        // a fresh head scores every class alike: give each version its own, seeded head weights
        model.parameters().forEach((name, parameter) -> {
            if (name.startsWith("head.") && parameter.getArray().getShape().dimension() > 1) {
                try (NDArray random = model.manager().randomNormal(0f, 1f, parameter.getArray().getShape(),
                        DataType.FLOAT32)) {
                    ParameterFile.copyInto(random, parameter.getArray());
                }
            }
        });
        try (TrainingResult result = new TrainingResult("job-" + seed, spec, CLASSES, "random-init", model, List.of(),
                null, 0, null)) {
            new BundleWriter().write(result, Normalization.IMAGENET, directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a bundle whose manifest is fine but whose parameter file is garbage.
     *
     * @param directory the folder to create
     * @return the folder
     */
    public static Path writeBroken(Path directory) {
        write(directory, 1);
        try {
            Files.write(directory.resolve("parameters.params"), "not parameters".getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory;
    }

    /**
     * Uploads a bundle folder as a model version (data first, record last).
     *
     * @return the message that announces it
     */
    public static ModelPublished publish(ObjectStore store, String model, int version, Path bundle) {
        new AtomicPublisher(store).publishFolder(ObjectKeys.MODELS_BUCKET, ObjectKeys.modelVersionPrefix(model, version),
                bundle, Map.of("version", String.valueOf(version)));
        return new ModelPublished(BatonMessage.CURRENT_SCHEMA_VERSION, model, version,
                ObjectKeys.modelVersion(model, version), "job-" + version, null, null, null, Map.of(), Instant.now());
    }

    /**
     * @param seed picks colours
     * @param format "png" or "jpg"
     * @return an encoded 48x40 image
     */
    public static byte[] image(int seed, String format) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, 48, 40);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(random.nextInt(24), random.nextInt(20), 20, 16);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
