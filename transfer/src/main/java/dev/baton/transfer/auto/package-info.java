/**
 * Strategy {@code auto}: Baton chooses the classifier, the learning rate and how much of the base
 * to fine-tune from the data, within a time budget. {@link dev.baton.transfer.auto.AutoTrainer}
 * runs a head search on features of the frozen base computed once ({@link
 * dev.baton.transfer.auto.HeadSearch}), short fine-tuning probes of a few depths ({@link
 * dev.baton.transfer.auto.DepthProbe}), then the chosen fine-tune with the regular {@link
 * dev.baton.transfer.train.TransferTrainer}. Every finished trial is kept in a {@link
 * dev.baton.transfer.auto.SearchState}, so a resumed job redoes none of them.
 */
package dev.baton.transfer.auto;
