/* golden.h - placeholder */
