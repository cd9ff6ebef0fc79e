package dev.baton.transfer.data;

/** Order of the three colour channels in the model input tensor. */
public enum ChannelOrder {
    /** Red, green, blue (torchvision, TensorFlow). */
    RGB,
    /** Blue, green, red (Caffe, Keras VGG "caffe" mode). */
    BGR
}
