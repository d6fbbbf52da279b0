/**
 * A deterministic synthetic dataset and the headless demo that calibrates,
 * applies and validates several methods on it ({@code bin/demo}).
 */
package sc.fiji.conformal.demo;
