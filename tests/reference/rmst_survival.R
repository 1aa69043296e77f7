# Reference values for trialstats.rmst_difference / rmst_ratio (survRM2::rmst2, unadjusted).
# survRM2 is not installed here (no Debian package r-cran-survrm2); its unadjusted rmst2 is
# reproduced from its formula with R survival: each arm's RMST and SE from
# print(survfit, rmean = tau) (the same Greenwood-type variance rmst2 uses), then
#   difference: rmst1 - rmst0, SE sqrt(se1^2 + se0^2), normal CI and p;
#   ratio: exp(log rmst1 - log rmst0), SE of the log sqrt(se1^2/rmst1^2 + se0^2/rmst0^2).
# Run: Rscript tests/reference/rmst_survival.R > tests/reference/rmst_survival.txt
library(survival)
cat("R ", R.version$major, ".", R.version$minor, "; survival ", as.character(packageVersion("survival")), "\n", sep = "")
rmst2_formula <- function(label, time, status, arm, tau) {
  fit <- survfit(Surv(time, status) ~ arm)
  tab <- summary(fit, rmean = tau)$table
  r <- tab[, "rmean"]; s <- tab[, "se(rmean)"]
  z <- qnorm(0.975)
  d <- r[2] - r[1]; sd <- sqrt(s[1]^2 + s[2]^2)
  lr <- log(r[2]) - log(r[1]); sr <- sqrt(s[1]^2 / r[1]^2 + s[2]^2 / r[2]^2)
  cat(sprintf("%s tau %g: rmst0 %.10g se0 %.10g rmst1 %.10g se1 %.10g\n", label, tau, r[1], s[1], r[2], s[2]))
  cat(sprintf("  diff %.10g low %.10g high %.10g p %.10g\n", d, d - z * sd, d + z * sd, 2 * pnorm(-abs(d / sd))))
  cat(sprintf("  ratio %.10g low %.10g high %.10g p %.10g\n", exp(lr), exp(lr - z * sr), exp(lr + z * sr),
              2 * pnorm(-abs(lr / sr))))
}
# lung by sex (1 = male is the reference: first level), status coded 1/2
rmst2_formula("lung sex", lung$time, lung$status - 1, lung$sex, 965)
rmst2_formula("lung sex", lung$time, lung$status - 1, lung$sex, 365)
# aml: Maintained (reference, first in sorted order) vs Nonmaintained
rmst2_formula("aml", aml$time, aml$status, as.character(aml$x), 40)
# veteran: standard (trt 1) vs test (trt 2)
rmst2_formula("veteran trt", veteran$time, veteran$status, veteran$trt, 300)
# the lung data used by the tests (time, status 0/1, sex), so that the tests need no R
write.csv(data.frame(time = lung$time, status = lung$status - 1, sex = lung$sex),
          "tests/reference/lung_sex.csv", row.names = FALSE)
