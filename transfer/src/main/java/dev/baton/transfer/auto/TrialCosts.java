package dev.baton.transfer.auto;

import dev.baton.transfer.model.HeadType;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the next head trial will probably cost, from the trials run so far: the mean of the same head's
 * trials, or, for a head not tried yet, the mean of the pooled heads' trials scaled by how much larger
 * its input is (DENSE reads whole feature maps, GAP and SVM pooled features). The head search stops
 * before a trial that would take it past its share of the budget instead of after.
 */
final class TrialCosts {
    private final double mapsOverPooled;
    private final Map<HeadType, double[]> byHead = new EnumMap<>(HeadType.class);

    /** @param mapsOverPooled how many times larger the feature maps are than the pooled features */
    TrialCosts(double mapsOverPooled) {
        this.mapsOverPooled = mapsOverPooled;
    }

    /** @param trial a finished head trial */
    void add(Trial trial) {
        double[] sumAndCount = byHead.computeIfAbsent(trial.head(), h -> new double[2]);
        sumAndCount[0] += trial.seconds();
        sumAndCount[1]++;
    }

    /**
     * @param head the next trial's head
     * @return its expected seconds; 0 before any trial
     */
    double expected(HeadType head) {
        double[] own = byHead.get(head);
        if (own != null) {
            return own[0] / own[1];
        }
        double sum = 0;
        double count = 0;
        for (Map.Entry<HeadType, double[]> e : byHead.entrySet()) {
            if (e.getKey().startsWithGlobalPooling()) {
                sum += e.getValue()[0];
                count += e.getValue()[1];
            }
        }
        if (count == 0) {
            return 0;
        }
        return sum / count * (head.startsWithGlobalPooling() ? 1 : mapsOverPooled);
    }
}
