/**
 * The torchvision importer: TorchScript files of {@code torchvision.models.vgg16(...)} or
 * {@code mobilenet_v2(...)} (the {@code features} part or the whole model), as written by
 * {@code deploy/base-models/export_torchvision.py}, copied onto Baton's backbones by parameter name.
 *
 * <p>{@link dev.baton.transfer.weights.torchvision.TorchScriptFile} loads a file with DJL's PyTorch
 * engine (its named parameters) and reads the buffers (BatchNorm running statistics), which DJL 0.36
 * does not expose, from the file's own archive ({@link dev.baton.transfer.weights.torchvision.TorchScriptArchive});
 * {@link dev.baton.transfer.weights.torchvision.TorchvisionMapping} recognises the architecture and
 * keeps the {@code features.} tensors; {@link dev.baton.transfer.weights.torchvision.TorchvisionImporter}
 * checks them against the backbone and writes Baton's base format.
 */
package dev.baton.transfer.weights.torchvision;
