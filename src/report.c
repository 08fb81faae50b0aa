/* report.c - placeholder, being written */
typedef int nicshare_report_placeholder;
