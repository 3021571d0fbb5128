// The l1_polling writer, unchanged: here nothing ever sets the flag it polls for, so once the
// reader and compute kernels are blocked on full CBs, it is part of a deadlock, reported at its
// `// POLL` line.
#include "../../../l1_polling/kernels/writer.cpp"
