/* golden.c - placeholder, being written */
typedef int nicshare_golden_placeholder;
