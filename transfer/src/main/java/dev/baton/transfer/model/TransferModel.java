package dev.baton.transfer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backbone with a classifier head, initialised on a device and owning its parameter memory.
 *
 * <p>Parameters are named as torchvision does for the backbone ({@code features.*}) plus {@code
 * head.*} for the head; {@link #parameters()} is the single naming used by checkpoints and
 * bundles. Close the model to free its arrays.
 */
public final class TransferModel implements AutoCloseable {

    private final Backbone backbone;
    private final ClassifierHead head;
    private final SequentialBlock block;
    private final NDManager manager;
    private final Map<String, Parameter> parameters;

    private TransferModel(Backbone backbone, ClassifierHead head, NDManager manager) {
        this.backbone = backbone;
        this.head = head;
        this.manager = manager;
        this.block = new ReleasingSequentialBlock().add(backbone.block()).add(head.block());
        Map<String, Parameter> all = new LinkedHashMap<>(backbone.parameters());
        all.putAll(head.parameters());
        this.parameters = Collections.unmodifiableMap(all);
    }

    /**
     * Builds and randomly initialises a model (seed the engine first for reproducible weights).
     *
     * @param backbone the feature extractor
     * @param head the classifier
     * @param device where the parameters live
     * @return the initialised model
     */
    public static TransferModel create(Backbone backbone, ClassifierHead head, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            TransferModel model = new TransferModel(backbone, head, manager);
            model.block.initialize(manager, DataType.FLOAT32, backbone.inputShape(1));
            return model;
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return the backbone */
    public Backbone backbone() {
        return backbone;
    }

    /** @return the head */
    public ClassifierHead head() {
        return head;
    }

    /** @return backbone followed by head (images in, class scores out) */
    public Block block() {
        return block;
    }

    /** @return the manager that owns the parameters */
    public NDManager manager() {
        return manager;
    }

    /** @return the device the parameters live on */
    public Device device() {
        return manager.getDevice();
    }

    /** @return every parameter (trainable weights and BatchNorm running statistics) by name */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    /** @return NCHW shape of the backbone's feature map for one image */
    public Shape featureShape() {
        return backbone.outputShape(1);
    }

    @Override
    public void close() {
        manager.close();
    }
}
