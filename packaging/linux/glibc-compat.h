/* Included in every C file of the CPython that packaging/linux/buildroot.sh compiles.
 *
 * glibc 2.29 gave exp, exp2, log, log2 and pow new symbol versions (faster implementations,
 * no SVID error handling); a program compiled against a newer glibc asks for those versions
 * and will not start on glibc 2.28 (统信UOS 20). The x86-64 baseline versions compute the same
 * results under POSIX error handling, which is what Python uses (it checks errno and the
 * values itself), so the build binds to them. glibc_floor.py checks the result. */
#if defined(__x86_64__) && defined(__linux__)  /* __GLIBC__ is not defined yet: this comes first */
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
#endif
