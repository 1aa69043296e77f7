# Reference values for trialstats.mcnemar, paired_odds_ratio (exact) and rate_ratio (exact).
# Run: Rscript tests/reference/paired_and_rates.R > tests/reference/paired_and_rates.txt
cat("R ", R.version$major, ".", R.version$minor, " (stats package)\n", sep = "")
cat("# mcnemar: n11 n10 n01 n00 | chisq_nocc p_nocc | chisq_cc p_cc | binom.test p | exact OR CI\n")
tabs <- list(c(1, 1, 7, 12), c(20, 12, 2, 16), c(53, 16, 8, 9), c(4, 9, 3, 16), c(10, 0, 5, 3),
             c(0, 30, 12, 0), c(5, 4, 4, 5))
for (t in tabs) {
  m <- matrix(c(t[1], t[3], t[2], t[4]), 2)  # rows: treatment success/failure; cols: comparator
  a <- mcnemar.test(m, correct = FALSE)
  b <- mcnemar.test(m, correct = TRUE)
  bt <- binom.test(t[2], t[2] + t[3])
  ci <- bt$conf.int / (1 - bt$conf.int)
  cat(sprintf("%g %g %g %g | %.10g %.10g | %.10g %.10g | %.10g | %.10g %.10g\n", t[1], t[2], t[3], t[4],
              a$statistic, a$p.value, b$statistic, b$p.value, bt$p.value, ci[1], ci[2]))
}
cat("# poisson.test: e1 t1 e2 t2 conf | estimate low high p\n")
rates <- list(c(11, 800, 23, 1083, 0.95), c(3, 120.5, 11, 130.2, 0.95), c(0, 50, 4, 60, 0.95),
              c(41, 28010, 15, 19017, 0.9), c(7, 10, 7, 10, 0.95), c(25, 1000, 5, 3000, 0.99))
for (r in rates) {
  pt <- poisson.test(c(r[1], r[3]), c(r[2], r[4]), conf.level = r[5])
  cat(sprintf("%g %g %g %g %g | %.10g %.10g %.10g %.10g\n", r[1], r[2], r[3], r[4], r[5],
              pt$estimate, pt$conf.int[1], pt$conf.int[2], pt$p.value))
}
cat("# Wald rate ratio (epitools ", as.character(packageVersion("epitools")), " rateratio.wald, group 1 over group 2) and\n", sep = "")
cat("# Wald rate difference per unit time (epiR ", as.character(packageVersion("epiR")), " epi.2by2 cohort.time ARate / 100): e1 t1 e2 t2 conf | rr low high p(normal approx., last column of rateratio.wald p.value) | rd low high\n", sep = "")
suppressMessages({library(epitools); library(epiR)})
for (r in rates[c(1, 2, 4, 6)]) {
  w <- rateratio.wald(c(r[3], r[1]), c(r[4], r[2]), conf.level = r[5])
  e <- epi.2by2(dat = as.table(matrix(c(r[1], r[3], r[2], r[4]), 2)), method = "cohort.time",
                conf.level = r[5])$massoc.detail$ARate.strata.wald / 100
  cat(sprintf("%g %g %g %g %g | %.10g %.10g %.10g %.10g | %.10g %.10g %.10g\n", r[1], r[2], r[3], r[4], r[5],
              w$measure[2, 1], w$measure[2, 2], w$measure[2, 3], w$p.value[2, ncol(w$p.value)],
              e$est, e$lower, e$upper))
}
cat("# mid-P rate ratio (epitools rateratio.midp, group 1 over group 2): e1 t1 e2 t2 conf | low high midp.exact p\n")
for (r in rates[c(1, 2, 4, 6)]) {
  w <- rateratio.midp(c(r[3], r[1]), c(r[4], r[2]), conf.level = r[5])
  cat(sprintf("%g %g %g %g %g | %.10g %.10g %.10g\n", r[1], r[2], r[3], r[4], r[5],
              w$measure[2, 2], w$measure[2, 3], w$p.value[2, "midp.exact"]))
}
