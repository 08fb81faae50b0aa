/* report.h - placeholder */
