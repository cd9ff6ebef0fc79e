package dev.baton.inference.model;

import dev.baton.transfer.bundle.BundleManifest;
import dev.baton.transfer.bundle.ModelBundle;
import dev.baton.transfer.bundle.Prediction;
import dev.baton.transfer.data.Augmentation;
import dev.baton.transfer.data.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model version in memory, reference counted. The registry holds one reference while the
 * version is loaded; every request holds one from {@link #tryAcquire()} until
 * {@link #release()}. {@link #retire()} drops the registry's reference: the version closes (its
 * native memory is freed) when the last request in flight releases it, never before.
 */
public final class LoadedModel {

    private final ModelVersion id;
    private final ModelBundle bundle;
    private final ImagePreprocessor preprocessor;
    private final Runnable onClose;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicLong lastUsed = new AtomicLong(System.nanoTime());
    private volatile boolean retired;
    private volatile boolean handedOver;

    /**
     * @param id which version
     * @param bundle the loaded bundle, owned from now on
     * @param onClose called once, after the bundle is closed
     */
    public LoadedModel(ModelVersion id, ModelBundle bundle, Runnable onClose) {
        this.id = id;
        this.bundle = bundle;
        this.onClose = onClose;
        BundleManifest m = bundle.manifest();
        this.preprocessor = new ImagePreprocessor(m.inputSize(), m.normalization());
    }

    /** @return which version */
    public ModelVersion id() {
        return id;
    }

    /** @return the bundle's manifest */
    public BundleManifest manifest() {
        return bundle.manifest();
    }

    /** @return what the scores mean, as the manifest names it */
    public String scoreType() {
        return bundle.manifest().scoreType();
    }

    /**
     * Takes a reference for one request.
     *
     * @return false when the version is already closed (resolve again)
     */
    public boolean tryAcquire() {
        while (true) {
            int r = references.get();
            if (r <= 0) {
                return false;
            }
            if (references.compareAndSet(r, r + 1)) {
                lastUsed.set(System.nanoTime());
                handedOver = true;
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the version. */
    public void release() {
        int r = references.decrementAndGet();
        if (r == 0) {
            bundle.close();
            onClose.run();
        } else if (r < 0) {
            throw new IllegalStateException(id + " released more often than acquired");
        }
    }

    /** Drops the registry's reference (once); the version closes when no request holds it. */
    public void retire() {
        synchronized (this) {
            if (retired) {
                return;
            }
            retired = true;
        }
        release();
    }

    /** Marks the version as taken over by its first user (a request, or the swap that makes it the default). */
    public void handOver() {
        handedOver = true;
    }

    /**
     * @return whether the version may be evicted: loaded, already handed over to whoever asked for it
     *     (a version evicted between its load and its first use made that user fail), and held by no request
     */
    public boolean isEvictable() {
        return handedOver && references.get() == 1 && !retired;
    }

    /** @return whether the version was retired */
    public boolean isRetired() {
        return retired;
    }

    /** @return whether the native memory was released */
    public boolean isClosed() {
        return references.get() <= 0;
    }

    /** @return references held now (the registry's included) */
    public int references() {
        return Math.max(references.get(), 0);
    }

    /** @return {@link System#nanoTime()} of the last acquisition */
    public long lastUsedNanos() {
        return lastUsed.get();
    }

    /** @return the model input of an image: CHW floats, resized and normalised as the bundle says */
    public float[] preprocess(BufferedImage image) {
        return preprocessor.toChw(image, Augmentation.NONE, null);
    }

    /** @return the number of floats of one input */
    public int inputLength() {
        return 3 * preprocessor.height() * preprocessor.width();
    }

    /**
     * Predicts a batch. The caller must hold a reference.
     *
     * @param inputs preprocessed inputs
     * @param topK classes per input
     * @return predictions in input order
     */
    public List<Prediction> predict(List<float[]> inputs, int topK) {
        if (isClosed()) {
            throw new IllegalStateException(id + " is closed");
        }
        return bundle.predictor().predict(inputs, topK);
    }

    @Override
    public String toString() {
        return id.toString();
    }
}
