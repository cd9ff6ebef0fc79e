/**
 * The training engine: {@link dev.baton.transfer.train.TransferTrainer} runs a {@link
 * dev.baton.transfer.train.TrainingSpec} on DJL datasets with epoch listeners (learning-rate
 * schedule, early stopping, checkpointing, progress events), feature caching and exact resume.
 */
package dev.baton.transfer.train;
