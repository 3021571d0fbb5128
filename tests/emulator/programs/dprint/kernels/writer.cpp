// The eltwise_multicore writer, unchanged.
#include "../../eltwise_multicore/kernels/writer.cpp"
