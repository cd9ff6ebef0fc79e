/**
 * Training strategies (FULL, FINE_TUNE, FEATURE_EXTRACTION, TWO_PHASE) and freeze boundaries;
 * {@link dev.baton.transfer.strategy.PhasePlan} freezes a backbone for a phase.
 */
package dev.baton.transfer.strategy;
