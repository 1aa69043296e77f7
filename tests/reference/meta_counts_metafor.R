# Reference values for trialstats.mantel_haenszel, peto_odds_ratio and
# MetaResult.heterogeneity (Q-profile, as metafor's confint).
# Run: Rscript tests/reference/meta_counts_metafor.R > tests/reference/meta_counts_metafor.txt
suppressMessages(library(metafor))
cat("R ", R.version$major, ".", R.version$minor, "; metafor ", as.character(packageVersion("metafor")), "\n", sep = "")
show <- function(label, fit) {
  cat(sprintf("%s: beta %.10g se %.10g ci.lb %.10g ci.ub %.10g zval %.10g pval %.10g QE %.10g QEp %.10g I2 %.10g H2 %.10g k %d\n",
              label, fit$beta, fit$se, fit$ci.lb, fit$ci.ub, fit$zval, fit$pval, fit$QE, fit$QEp, fit$I2, fit$H2, fit$k))
  w <- weights(fit)
  cat("  weights", sprintf("%.10g", w), "\n")
}
d <- dat.bcg
for (m in c("OR", "RR", "RD")) {
  show(paste0("bcg MH ", m), rma.mh(ai = tpos, bi = tneg, ci = cpos, di = cneg, data = d, measure = m))
}
show("bcg Peto", rma.peto(ai = tpos, bi = tneg, ci = cpos, di = cneg, data = d))
# zero cells: one study with a zero cell, one with no events in either arm, one with all events
z <- data.frame(ai = c(0, 3, 0, 12, 5, 10), n1i = c(20, 25, 15, 40, 30, 10),
                ci = c(4, 8, 0, 15, 9, 10), n2i = c(20, 24, 16, 41, 28, 10))
for (m in c("OR", "RR", "RD")) {
  show(paste0("zero MH ", m), rma.mh(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = z, measure = m))
}
show("zero Peto", rma.peto(ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = z))
cat("# Q-profile (confint) on dat.bcg log RR: estimate ci.lb ci.ub for tau^2, tau, I^2(%), H^2\n")
es <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = d)
for (meth in c("REML", "DL")) {
  for (lev in c(95, 90)) {
    ci <- confint(rma(yi, vi, data = es, method = meth), level = lev)$random
    cat(sprintf("%s level %d\n", meth, lev))
    for (r in rownames(ci)) cat(sprintf("  %s %.10g %.10g %.10g\n", r, ci[r, 1], ci[r, 2], ci[r, 3]))
  }
}
# a homogeneous set, where the interval for tau^2 starts (or ends) at 0
ci <- confint(rma(yi = c(0.1, 0.12, 0.09, 0.11), vi = c(0.04, 0.05, 0.03, 0.06), method = "REML"))$random
cat("homogeneous REML level 95\n")
for (r in rownames(ci)) cat(sprintf("  %s %.10g %.10g %.10g\n", r, ci[r, 1], ci[r, 2], ci[r, 3]))
