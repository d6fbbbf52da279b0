/** Pure engine. */
package sc.fiji.conformal.core;
