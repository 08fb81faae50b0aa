# sweep.gp - one figure of a sweep (nicshare sweep, then nicshare report
# DIR): a latency class's p50, p99 and max, and the analytic bound, against
# one varied key; or, with cls = "drops", the frames dropped (input and
# outgoing) against it. src/sweep.c copies it to report/data/sweep.gp and
# loads it from report/data/render.gp once per figure, after setting
#   dat = "data/sweep-1.dat"; out = "sweep-1-rt-tx.svg"; cls = "rt-tx"; c50 = 3; ...
#   ylo = ...; yhi = ...   (the least and the most latency plotted, ns)
#   key = "..."   (the varied key, quoted so that it cannot run or expand)
#   array lbl[N]; lbl[1] = "..."; ...   (the key's values in --vary's order,
#                 the tic labels, quoted alike: read from the data file a
#                 value would end at a double quote)
# dat columns: 1 the value's position in --vary (0 for lbl[1]), 2 the value,
# then the columns named by c50, c99, cmax, cb (latencies in ns, "-" when
# none), or for drops cin and cout. One point per run: runs that differ in
# another varied key share an x.
set terminal svg size 720,420 dynamic font "sans,11"
set output out
set encoding utf8
set termoption noenhanced
set datafile separator "\t"
set datafile missing "-"
set border 3 lw 1 lc rgb "#444444"
set tics nomirror out scale 0.6
set grid ytics lt 1 lw 0.8 lc rgb "#dadada"
set key outside right top
set xlabel key
set offsets 0.3, 0.3, 0, 0
if (cls eq "drops") {
  set title "drops against ".key
  set ylabel "frames dropped"
  # no drops anywhere: a range of 0 to 1, not gnuplot's "empty y range" warning
  # (src/sweep.c draws this figure only when some point has its drops)
  undefine STATS_*
  stats dat using cin nooutput
  m = exists("STATS_max") ? STATS_max : 0
  undefine STATS_*
  stats dat using cout nooutput
  m = exists("STATS_max") && STATS_max > m ? STATS_max : m
  if (m <= 0) { set yrange [0:1] } else { set yrange [0:*] }
  plot dat using 1:cin:xtic(lbl[int(column(1)) + 1]) with points pt 7 ps 0.9 lc rgb "#1f77b4" title "input", \
       dat using 1:cout with points pt 5 ps 0.9 lc rgb "#d62728" title "outgoing"
} else {
  set title cls." latency against ".key
  set ylabel "latency (us)"
  # every value alike (latencies the key does not move): a range around
  # it, not gnuplot's "empty y range" warning (ylo, yhi: src/sweep.c, ns)
  if (yhi <= ylo) { if (yhi > 0) { set yrange [yhi * 0.9 / 1000 : yhi * 1.1 / 1000] } else { set yrange [0:1] } }
  plot dat using 1:(column(c50)/1000):xtic(lbl[int(column(1)) + 1]) with points pt 7 ps 0.8 lc rgb "#2ca02c" title "p50", \
       dat using 1:(column(c99)/1000) with points pt 9 ps 0.9 lc rgb "#1f77b4" title "p99", \
       dat using 1:(column(cmax)/1000) with points pt 5 ps 0.9 lc rgb "#d62728" title "max", \
       dat using 1:(column(cb)/1000) with steps lw 1.5 dt 2 lc rgb "#444444" title "analytic bound"
}
