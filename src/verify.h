/* verify.h - placeholder */
