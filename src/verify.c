/* verify.c - placeholder, being written */
typedef int nicshare_verify_placeholder;
