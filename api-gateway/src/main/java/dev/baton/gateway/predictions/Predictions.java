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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Synchronous predict: Kafka request-reply keyed by correlation id, with a timeout that answers 504. */
@ApplicationScoped
public class Predictions {
    private final MutinyEmitter<Record<String, InferenceRequest>> requests;
    private final PendingReplies replies;
    private final GatewaySettings.Predictions settings;

    Predictions(@Channel("inference-requests") MutinyEmitter<Record<String, InferenceRequest>> requests,
            PendingReplies replies, GatewaySettings settings) {
        this.requests = requests;
        this.replies = replies;
        this.settings = settings.predictions();
    }

    /**
     * @param model the model name
     * @param version a pinned version, or null
     * @param alias an alias, or null
     * @param topK how many classes to return
     * @param image the encoded image
     * @return the worker's predictions
     */
    public InferenceResult predict(String model, Integer version, String alias, int topK, byte[] image) {
        if (image == null || image.length == 0) {
            throw new InvalidInputException("image", "send the image (JPEG or PNG) as the request body");
        }
        if (image.length > settings.maxImageBytes()) {
            throw new PayloadTooLargeException("image", "larger than " + settings.maxImageBytes() + " bytes");
        }
        if (!decodes(image)) {
            throw new InvalidInputException("image", "not a decodable image");
        }
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

    private static boolean decodes(byte[] image) {
        try {
            return ImageIO.read(new ByteArrayInputStream(image)) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
