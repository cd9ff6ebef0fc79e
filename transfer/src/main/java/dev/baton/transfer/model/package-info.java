/**
 * Backbones (VGG16, MobileNetV2 in torchvision layout, with torchvision parameter names and named,
 * freezable blocks), classifier heads (DENSE, GAP, SVM) and the combined {@link
 * dev.baton.transfer.model.TransferModel}. Entry points: {@link
 * dev.baton.transfer.model.BackboneFactory}, {@link dev.baton.transfer.model.HeadFactory}.
 */
package dev.baton.transfer.model;
