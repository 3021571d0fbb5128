// Unchanged from the eltwise_binary example.
#include "../../eltwise_binary/kernels/compute.cpp"
