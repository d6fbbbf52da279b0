/**
 * A deterministic synthetic dataset and the headless demo that calibrates,
 * applies and validates several methods on it ({@code mvn -q compile exec:java}).
 */
package sc.fiji.conformal.demo;
