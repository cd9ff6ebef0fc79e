package dev.baton.inference.serving;

import dev.baton.contracts.messages.InferenceRequest;
import dev.baton.contracts.messages.InferenceResult.InferenceError.Code;
import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.ObjectInfo;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.transfer.data.ImageDecoder;
import dev.baton.transfer.data.ImageGuard;
import dev.baton.transfer.data.ImageTooLargeException;
import dev.baton.transfer.data.UnreadableImageException;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * The image of a request, inline or from the object store, size-checked and decoded. Every
 * problem is a {@link RequestRejectedException} with the code the client gets.
 */
public final class ImageSource {

    private final ObjectStore store;
    private final int maxBytes;
    private final ImageDecoder decoder;

    /**
     * @param store where referenced images lie
     * @param maxBytes the largest image accepted
     * @param maxPixels the most pixels an image's header may declare (checked before any pixel is decoded)
     */
    public ImageSource(ObjectStore store, int maxBytes, long maxPixels) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.decoder = new ImageDecoder(new ImageGuard(maxPixels));
    }

    /**
     * @param request a valid request
     * @return the decoded RGB image
     * @throws RequestRejectedException when the image is too large, missing or undecodable
     */
    public BufferedImage image(InferenceRequest request) throws RequestRejectedException {
        byte[] bytes = request.image() != null ? request.image() : fetch(request.imageRef());
        if (bytes.length > maxBytes) {
            throw tooLarge(bytes.length);
        }
        try {
            return decoder.decode(bytes, request.correlationId());
        } catch (ImageTooLargeException e) {
            throw new RequestRejectedException(Code.PAYLOAD_TOO_LARGE, "the image is too large: " + e.reason());
        } catch (UnreadableImageException e) {
            throw new RequestRejectedException(Code.UNDECODABLE_IMAGE, "the image cannot be decoded: " + e.reason());
        }
    }

    private byte[] fetch(ObjectRef ref) throws RequestRejectedException {
        Optional<ObjectInfo> info;
        try {
            info = store.stat(ref.bucket(), ref.key());
        } catch (RuntimeException e) {
            throw new RequestRejectedException(Code.INVALID_REQUEST, "imageRef cannot be read: " + e.getMessage());
        }
        if (info.isEmpty()) {
            throw new RequestRejectedException(Code.INVALID_REQUEST,
                    "imageRef: no object " + ref.bucket() + "/" + ref.key());
        }
        if (info.get().size() > maxBytes) {
            throw tooLarge(info.get().size());
        }
        try {
            return store.read(ref.bucket(), ref.key());
        } catch (RuntimeException e) {
            throw new RequestRejectedException(Code.INVALID_REQUEST, "imageRef cannot be read: " + e.getMessage());
        }
    }

    private RequestRejectedException tooLarge(long size) {
        return new RequestRejectedException(Code.PAYLOAD_TOO_LARGE,
                "the image has " + size + " bytes, more than the limit of " + maxBytes);
    }
}
