package dev.baton.gateway.predictions;

import dev.baton.contracts.storage.ObjectInfo;
import dev.baton.contracts.storage.ObjectKeys;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.gateway.GatewaySettings;
import dev.baton.gateway.datasets.DatasetCatalog;
import dev.baton.gateway.problem.ConflictException;
import dev.baton.gateway.problem.InvalidInputException;
import dev.baton.gateway.problem.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Admits batch predictions and reads them back. A batch covers every image of a published dataset at
 * submit time; it is stored (status, lease, image list) before the 202, and run by {@link BatchRunner},
 * which any gateway's {@link BatchRecovery} resumes after a crash or restart.
 */
@ApplicationScoped
public class BatchPredictions {
    private final ObjectStore objects;
    private final BatchStore store;
    private final BatchRunner runner;
    private final DatasetCatalog datasets;
    private final GatewaySettings.Batches settings;
    private final String me;

    BatchPredictions(ObjectStore objects, BatchStore store, BatchRunner runner, DatasetCatalog datasets,
            GatewaySettings settings, GatewayInstance instance) {
        this.objects = objects;
        this.store = store;
        this.runner = runner;
        this.datasets = datasets;
        this.settings = settings.batches();
        this.me = instance.name();
    }

    /** @return the new batch's status (RUNNING); the work goes on in the background */
    public BatchStatus submit(BatchSubmission batch) {
        if (batch.version() != null && batch.alias() != null) {
            throw new InvalidInputException("alias", "give a version or an alias, not both");
        }
        if (!datasets.isPublished(batch.dataset())) {
            throw new InvalidInputException("dataset", "no published dataset named '" + batch.dataset() + "'");
        }
        String batchId = "batch-" + UUID.randomUUID().toString().replace("-", "");
        List<String> images = objects.list(ObjectKeys.DATA_BUCKET, ObjectKeys.datasetImagesPrefix(batch.dataset()))
                .stream().map(ObjectInfo::key).toList();
        Instant now = Instant.now();
        BatchStatus status = BatchStatus.accepted(batchId, batch, images.size(), now);
        BatchLease lease = BatchLease.first(batchId, batch, me, settings.chunkSize(), now);
        store.create(status, lease, images);
        runner.start(lease);
        return status;
    }

    /** @return the batch's status */
    public BatchStatus status(String batchId) {
        return store.status(batchId).orElseThrow(() -> new NotFoundException("batch prediction", batchId));
    }

    /** @return the stored results (JSON lines); the caller closes the stream */
    public InputStream results(String batchId) {
        BatchStatus status = status(batchId);
        if (status.state() != BatchState.COMPLETED) {
            throw new ConflictException("batch '" + batchId + "' is " + status.state()
                    + (status.error() == null ? "" : ": " + status.error()));
        }
        return store.results(status);
    }
}
