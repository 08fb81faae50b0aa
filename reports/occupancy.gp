# occupancy.gp - frames held in the RX ring and in the two data channels
# over the run, reconstructed from events.tsv (peak of each time bin).
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{XLABEL}}  {{XMAX}}
#   {{DATA}}   t rx ch1 ch2: the peak of each bin, two rows per bin (its
#              start and its end) so that the curve is a staircase
#   {{T1}} {{T2}} {{T3}} panel titles;  {{Y1}} {{Y2}} {{Y3}} panel y tops;
#   {{S1}} {{S2}} {{S3}} their y tic steps;  {{COLOR}} the run's colour
#   {{N1}} {{N2}} {{N3}} a note under each panel's key ("" for none): why a
#              peak is above the queue's capacity
set multiplot layout 3,1 title "{{TITLE}}"
set xrange [0:{{XMAX}}]
set key left top Left reverse samplen 1
set lmargin 10
set ylabel "frames"
set format x ""
set yrange [0:{{Y1}}]
set ytics 0, {{S1}}
set label 1 "{{N1}}" at graph 0.012, graph 0.80 left front
plot '{{DATA}}' using 1:2 with filledcurves y=0 fs solid 0.35 lc rgb "{{COLOR}}" notitle, \
     '' using 1:2 with lines lw 1.2 lc rgb "{{COLOR}}" title "{{T1}}"
set yrange [0:{{Y2}}]
set ytics 0, {{S2}}
set label 1 "{{N2}}" at graph 0.012, graph 0.80 left front
plot '{{DATA}}' using 1:3 with filledcurves y=0 fs solid 0.35 lc rgb "{{COLOR}}" notitle, \
     '' using 1:3 with lines lw 1.2 lc rgb "{{COLOR}}" title "{{T2}}"
set yrange [0:{{Y3}}]
set ytics 0, {{S3}}
set label 1 "{{N3}}" at graph 0.012, graph 0.80 left front
set format x "%g"
set xlabel "{{XLABEL}}"
plot '{{DATA}}' using 1:4 with filledcurves y=0 fs solid 0.35 lc rgb "{{COLOR}}" notitle, \
     '' using 1:4 with lines lw 1.2 lc rgb "{{COLOR}}" title "{{T3}}"
unset multiplot
