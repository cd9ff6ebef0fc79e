package dev.baton.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What makes an image reference immutable: a {@code @sha256:} digest, or, for Baton's own images only, a
 * release tag (never {@code latest} or {@code -SNAPSHOT}) that the release pins by digest when it pushes.
 */
final class ImageReferences {
    private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");
    private static final Set<String> OURS = Set.of("baton/api-gateway", "baton/trainer-worker", "baton/trainer-worker-gpu",
            "baton/inference-worker");

    private ImageReferences() {
    }

    /** @return the image without digest and tag, e.g. {@code chrislusf/seaweedfs} */
    static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /** @return why the reference may change under a running deployment, or null when it cannot */
    static String problem(String image, Set<String> pendingDigest) {
        if (DIGEST.matcher(image).matches()) {
            return null;
        }
        String repository = repository(image);
        boolean ours = OURS.stream().anyMatch(o -> repository.equals(o) || repository.endsWith("/" + o));
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String tag = repository.length() < withoutDigest.length() ? withoutDigest.substring(repository.length() + 1) : "";
        if (ours) {
            if (tag.isEmpty() || tag.equals("latest") || tag.contains("SNAPSHOT")) {
                return "image " + image + " is mutable (no tag, latest or -SNAPSHOT), so pods of one Deployment may run "
                        + "different builds; fix: a release tag, pinned by digest at release (kustomize edit set image)";
            }
            return null;
        }
        if (pendingDigest.contains(image)) {
            return null;
        }
        return "third-party image " + image + " is not pinned by digest; fix: <image>:<tag>@sha256:<digest> (crane digest "
                + "<image>:<tag>)";
    }

    /** @return the images listed in images-pending-digest.txt */
    static Set<String> pendingDigest() {
        Path file = Project.root().resolve("deploy/k8s-tests/src/test/resources/images-pending-digest.txt");
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.split("\\s+")[0]).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
