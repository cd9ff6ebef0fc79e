package dev.baton.inference.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.FieldViolation;
import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.json.MessageException;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.contracts.messages.InferenceResult.InferenceError.Code;
import dev.baton.contracts.messages.Names;
import dev.baton.inference.metrics.InferenceMetrics;
import dev.baton.inference.model.LoadedModel;
import dev.baton.inference.model.ModelLoadException;
import dev.baton.inference.model.ModelRegistry;
import dev.baton.inference.model.ServingPolicy;
import dev.baton.inference.model.UnknownModelException;
import dev.baton.transfer.bundle.ClassScore;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns one request record into exactly one result: decodes and validates the request, fetches
 * and decodes its image, acquires the model version, preprocesses the image and hands it to the
 * batcher. Anything wrong with the input becomes an error result carrying the correlation id;
 * nothing thrown here reaches the consumer.
 */
public final class RequestHandler {

    private static final Pattern ID = Pattern.compile(Names.ID);

    private final ModelRegistry registry;
    private final Function<String, ServingPolicy> policies;
    private final ImageSource images;
    private final DynamicBatcher batcher;
    private final ResultPublisher results;
    private final InferenceMetrics metrics;
    private final Executor preprocess;
    private final MessageCodec codec = MessageCodec.instance();

    /**
     * @param registry the model versions
     * @param policies each model's default policy
     * @param images fetches and decodes images
     * @param batcher runs batches
     * @param results publishes results
     * @param metrics meters
     * @param preprocess runs fetching, decoding and resizing
     */
    public RequestHandler(ModelRegistry registry, Function<String, ServingPolicy> policies, ImageSource images,
            DynamicBatcher batcher, ResultPublisher results, InferenceMetrics metrics, Executor preprocess) {
        this.registry = registry;
        this.policies = policies;
        this.images = images;
        this.batcher = batcher;
        this.results = results;
        this.metrics = metrics;
        this.preprocess = preprocess;
    }

    /**
     * @param key the record key (the correlation id, by convention)
     * @param value the record value
     * @param fallbackId an id for results of records that carry none
     * @param takenNanos {@link System#nanoTime()} when the record was taken
     * @param done told once the result is published, or could not be
     */
    public void handle(String key, byte[] value, String fallbackId, long takenNanos, ResultPublisher.Delivery done) {
        Reply reply = new Reply(done, batcher.expect());
        InferenceRequest request;
        try {
            request = codec.decode(value, InferenceRequest.class);
        } catch (MessageException e) {
            boolean tooLarge = e.violations().stream().map(FieldViolation::field).anyMatch("image"::equals);
            reply.fail(correlationIdOf(value, key, fallbackId), modelOf(value),
                    tooLarge ? Code.PAYLOAD_TOO_LARGE : Code.INVALID_REQUEST, e.getMessage());
            return;
        } catch (RuntimeException e) {
            reply.fail(correlationIdOf(value, key, fallbackId), null, Code.INVALID_REQUEST, String.valueOf(e.getMessage()));
            return;
        }
        try {
            preprocess.execute(() -> serve(request, takenNanos, reply));
        } catch (RuntimeException e) {
            reply.fail(request.correlationId(), request.model(), Code.PREDICTION_FAILED, "the worker is shutting down");
        }
    }

    private void serve(InferenceRequest request, long takenNanos, Reply reply) {
        BufferedImage image;
        try {
            image = images.image(request);
        } catch (RequestRejectedException e) {
            reply.fail(request.correlationId(), request.model(), e.code(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            reply.fail(request.correlationId(), request.model(), Code.UNDECODABLE_IMAGE, String.valueOf(e.getMessage()));
            return;
        } catch (OutOfMemoryError e) {
            // The image's buffers are gone once this unwinds: answer, and keep the preprocessing thread.
            reply.fail(request.correlationId(), request.model(), Code.PAYLOAD_TOO_LARGE,
                    "the image needs more memory than the worker has free to decode");
            return;
        }
        registry.acquire(request.model(), request.version(), request.alias(), policies.apply(request.model()))
                .whenComplete((model, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        Code code = cause instanceof UnknownModelException ? Code.UNKNOWN_MODEL : Code.PREDICTION_FAILED;
                        String message = cause instanceof ModelLoadException || cause instanceof UnknownModelException
                                ? cause.getMessage() : cause.toString();
                        reply.fail(request.correlationId(), request.model(), code, message);
                    } else {
                        submit(request, model, image, takenNanos, reply);
                    }
                });
    }

    private void submit(InferenceRequest request, LoadedModel model, BufferedImage image, long takenNanos, Reply reply) {
        try {
            float[] input = model.preprocess(image);
            reply.arrival.submit(new PendingInference(model, input, request.topK(), takenNanos, new PendingInference.Callback() {
                @Override
                public void predicted(LoadedModel version, List<ClassScore> top, long queueNanos, long computeNanos) {
                    reply.succeed(request, version, top, queueNanos, computeNanos);
                }

                @Override
                public void failed(LoadedModel version, Exception error) {
                    reply.fail(request.correlationId(), request.model(), Code.PREDICTION_FAILED,
                            version.id() + " failed: " + error.getMessage());
                }
            }));
        } catch (RuntimeException e) {
            model.release();
            reply.fail(request.correlationId(), request.model(), Code.PREDICTION_FAILED, String.valueOf(e.getMessage()));
        }
    }

    /** Publishes one result, once. */
    private final class Reply {
        private final ResultPublisher.Delivery done;
        private final DynamicBatcher.Arrival arrival;
        private final AtomicBoolean sent = new AtomicBoolean();

        Reply(ResultPublisher.Delivery done, DynamicBatcher.Arrival arrival) {
            this.done = done;
            this.arrival = arrival;
        }

        void succeed(InferenceRequest request, LoadedModel version, List<ClassScore> top, long queueNanos,
                long computeNanos) {
            List<InferenceResult.Prediction> predictions = top.stream()
                    .map(s -> new InferenceResult.Prediction(s.label(), s.score())).toList();
            send(new InferenceResult(BatonMessage.CURRENT_SCHEMA_VERSION, request.correlationId(), request.model(),
                    version.id().version(), predictions, version.scoreType(), queueNanos / 1e6, computeNanos / 1e6,
                    null, Instant.now()), "ok");
        }

        void fail(String correlationId, String model, Code code, String message) {
            send(InferenceResult.failure(correlationId, model, code, message), code.name());
        }

        private void send(InferenceResult result, String outcome) {
            arrival.cancel();
            if (!sent.compareAndSet(false, true)) {
                return;
            }
            metrics.request(outcome);
            results.publish(result, done);
        }
    }

    private String correlationIdOf(byte[] value, String key, String fallbackId) {
        String fromJson = field(value, "correlationId");
        if (fromJson != null && ID.matcher(fromJson).matches()) {
            return fromJson;
        }
        if (key != null && ID.matcher(key).matches()) {
            return key;
        }
        return fallbackId;
    }

    private String modelOf(byte[] value) {
        String model = field(value, "model");
        return model != null && model.matches(Names.NAME) ? model : null;
    }

    private String field(byte[] value, String name) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = codec.mapper().readTree(value);
            JsonNode field = node == null ? null : node.get(name);
            return field != null && field.isTextual() ? field.asText() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
