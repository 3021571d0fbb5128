// Adds `count` tile pairs (the per-core share): the eltwise_binary compute kernel unchanged.
#include "../../eltwise_binary/kernels/compute.cpp"
