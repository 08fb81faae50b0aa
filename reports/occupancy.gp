# occupancy.gp - frames held in the RX ring and in the two data channels
# over the run, reconstructed from events.tsv (peak of each time bin).
# Placeholders (filled by src/report.c):
#   {{TITLE}}  {{XLABEL}}  {{XMAX}}  {{DATA}}: t rx ch1 ch2 (peak per bin)
#   {{T1}} {{T2}} {{T3}} panel titles;  {{Y1}} {{Y2}} {{Y3}} panel y tops
#   {{COLOR}} the run's colour
set multiplot layout 3,1 title "{{TITLE}}"
set xrange [0:{{XMAX}}]
set key left top
set lmargin 10
set ylabel "frames"
set yrange [0:{{Y1}}]
set format x ""
plot '{{DATA}}' using 1:2 with fillsteps fs solid 0.35 lc rgb "{{COLOR}}" notitle, \
     '' using 1:2 with steps lw 1.2 lc rgb "{{COLOR}}" title "{{T1}}"
set yrange [0:{{Y2}}]
plot '{{DATA}}' using 1:3 with fillsteps fs solid 0.35 lc rgb "{{COLOR}}" notitle, \
     '' using 1:3 with steps lw 1.2 lc rgb "{{COLOR}}" title "{{T2}}"
set yrange [0:{{Y3}}]
set format x "%g"
set xlabel "{{XLABEL}}"
plot '{{DATA}}' using 1:4 with fillsteps fs solid 0.35 lc rgb "{{COLOR}}" notitle, \
     '' using 1:4 with steps lw 1.2 lc rgb "{{COLOR}}" title "{{T3}}"
unset multiplot
