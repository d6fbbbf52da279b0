/**
 * The headless launcher behind {@code bin/conformal-headless}: runs a command
 * or script with parameters and exits non-zero when it fails or is canceled.
 */
package sc.fiji.conformal.headless;
