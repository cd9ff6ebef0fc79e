/**
 * Model bundles: {@link dev.baton.transfer.bundle.BundleWriter} saves a trained model as a
 * self-describing folder (manifest.json + parameters), {@link dev.baton.transfer.bundle.ModelBundle}
 * loads it and serves a thread-safe {@link dev.baton.transfer.bundle.BundlePredictor}.
 */
package dev.baton.transfer.bundle;
