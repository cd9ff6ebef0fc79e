package dev.baton.contracts;

import dev.baton.contracts.messages.BaseArchitecture;
import dev.baton.contracts.messages.HeadType;
import dev.baton.contracts.messages.TrainingRequest;
import dev.baton.contracts.messages.TrainingStrategy;
import java.time.Instant;

/** Valid messages for tests, to be bent into invalid ones one field at a time. */
public final class Samples {
    private Samples() {
    }

    public static TrainingRequest trainingRequest(String jobId) {
        return new TrainingRequest(1, jobId, "fashion", "fashion-mnist", BaseArchitecture.MOBILENET_V2,
                "mobilenet_v2-imagenet", TrainingStrategy.FINE_TUNE, 3, null, HeadType.GAP, 4, 32, 0.001, null, 96,
                1.0, true, 0.2, 42L, 2, null, Instant.parse("2026-11-29T05:00:00Z"));
    }

    public static String trainingRequestJson() {
        return """
                {"schemaVersion":1,"jobId":"job-1","modelName":"fashion","dataset":"fashion-mnist",
                 "base":"mobilenet_v2","pretrained":"mobilenet_v2-imagenet","strategy":"fine_tune",
                 "unfreezeLastBlocks":3,"head":"gap","epochs":4,"batchSize":32,"learningRate":0.001,
                 "imageSize":96,"widthMultiplier":1.0,"augmentation":true,"validationSplit":0.2,"seed":42,"earlyStoppingPatience":2,
                 "submittedAt":"2026-11-29T05:00:00Z"}
                """;
    }
}
