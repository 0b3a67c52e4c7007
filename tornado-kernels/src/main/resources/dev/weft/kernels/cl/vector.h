// Prepended to every kernel file. Kernels built with RN get `vec`, a vector of RN floats,
// with VLOAD/VSTORE that also work for RN = 1, so one source serves every register width.
#ifdef RN
#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)
#if RN == 1
typedef float vec;
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
typedef XCAT(float, RN) vec;
#define VLOAD(p) XCAT(vload, RN)(0, p)
#define VSTORE(v, p) XCAT(vstore, RN)(v, 0, p)
#endif
#endif
