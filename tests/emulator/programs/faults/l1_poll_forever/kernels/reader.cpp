// Unchanged from the eltwise_binary example: it never sets the flag the writer polls for.
#include "../../../eltwise_binary/kernels/reader.cpp"
