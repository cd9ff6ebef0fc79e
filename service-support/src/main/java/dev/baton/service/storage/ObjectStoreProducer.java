package dev.baton.service.storage;

import dev.baton.contracts.storage.AtomicPublisher;
import dev.baton.contracts.storage.ObjectStore;
import dev.baton.contracts.storage.ObjectStoreConfig;
import dev.baton.service.config.ObjectStoreSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the object-store client and the atomic publisher injectable. */
@ApplicationScoped
public class ObjectStoreProducer {

    /** @return the shared, thread-safe object-store client */
    @Produces
    @ApplicationScoped
    public ObjectStore objectStore(ObjectStoreSettings settings) {
        return ObjectStore.connect(new ObjectStoreConfig(settings.endpoint(), settings.accessKey(),
                settings.secretKey(), settings.region()));
    }

    /** @return the data-first, record-last publisher */
    @Produces
    @ApplicationScoped
    public AtomicPublisher atomicPublisher(ObjectStore store) {
        return new AtomicPublisher(store);
    }
}
