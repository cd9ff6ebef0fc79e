package dev.baton.gateway.predictions;

import dev.baton.contracts.json.MessageCodec;
import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult;
import dev.baton.gateway.GatewaySettings;
import dev.baton.gateway.problem.GatewayTimeoutException;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.PayloadTooLargeException;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import dev.baton.gateway.limits.BoundedBody;
import dev.baton.gateway.limits.Bulkhead;
import dev.baton.transfer.data.ImageDecoder;
import dev.baton.transfer.data.ImageGuard;
import dev.baton.transfer.data.ImageTooLargeException;
import dev.baton.transfer.data.UnreadableImageException;
import java.io.InputStream;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Synchronous predict: Kafka request-reply keyed by correlation id, with a timeout that answers 504. */
@ApplicationScoped
public class Predictions {
    private final MutinyEmitter<Record<String, InferenceRequest>> requests;
    private final PendingReplies replies;
    private final GatewaySettings.Predictions settings;
    private final ImageDecoder decoder;
    private final Bulkhead inFlight;

    Predictions(@Channel("inference-requests") MutinyEmitter<Record<String, InferenceRequest>> requests,
            PendingReplies replies, GatewaySettings settings) {
        this.requests = requests;
        this.replies = replies;
        this.settings = settings.predictions();
        this.decoder = new ImageDecoder(new ImageGuard(this.settings.maxImagePixels()));
        this.inFlight = new Bulkhead("synchronous predicts", this.settings.maxInFlight(), 1);
    }

    /**
     * @param model the model name
     * @param version a pinned version, or null
     * @param alias an alias, or null
     * @param topK how many classes to return
     * @param body the request body: the encoded image
     * @param contentLength the declared body length, or null
     * @return the worker's predictions
     */
    public InferenceResult predict(String model, Integer version, String alias, int topK, InputStream body,
            String contentLength) {
        try (Bulkhead.Permit permit = inFlight.enter()) {
            byte[] image = BoundedBody.read(body, contentLength, settings.maxImageBytes(), "image");
            if (image.length == 0) {
                throw new InvalidInputException("image", "send the image (JPEG or PNG) as the request body");
            }
            checkHeader(image);
            return ask(model, version, alias, topK, image);
        }
    }

    private InferenceResult ask(String model, Integer version, String alias, int topK, byte[] image) {
        String correlationId = "p-" + UUID.randomUUID().toString().replace("-", "");
        InferenceRequest request = MessageCodec.instance().requireValid(new InferenceRequest(
                BatonMessage.CURRENT_SCHEMA_VERSION, correlationId, model, version, alias, image, null, topK,
                Instant.now()));
        var answer = replies.expect(correlationId);
        try {
            requests.sendAndAwait(Record.of(correlationId, request));
            InferenceResult result = answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (result.error() != null) {
                throw new PredictionFailedException(result.error());
            }
            return result;
        } catch (TimeoutException e) {
            throw new GatewayTimeoutException("no inference worker answered within " + settings.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayTimeoutException("interrupted while waiting for an inference worker");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            replies.forget(correlationId);
        }
    }

    /** Header only: the worker decodes the pixels; here nothing is allocated from what the header declares. */
    private void checkHeader(byte[] image) {
        try {
            decoder.inspect(image, "image");
        } catch (ImageTooLargeException e) {
            throw new PayloadTooLargeException("image", e.reason());
        } catch (UnreadableImageException e) {
            throw new InvalidInputException("image", "not a decodable image: " + e.reason());
        }
    }
}
