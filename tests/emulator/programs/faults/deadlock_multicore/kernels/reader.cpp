// Unchanged from the eltwise_multicore program.
#include "../../../eltwise_multicore/kernels/reader.cpp"
