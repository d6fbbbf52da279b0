package sc.fiji.conformal.core;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;


/**
 * {@link Settings} as a plain serializable value: its named parameters
 * ({@link Settings#parameters()}), from which a per-image function shipped to
 * another process rebuilds them ({@link Settings#fromParameters}) once. In
 * the process that made it, {@link #get()} returns the very settings given,
 * so local runs never go through the parameters. Immutable.
 */
public final class PortableSettings implements Serializable {

	private static final long serialVersionUID = 1L;

	private final LinkedHashMap<String, Object> parameters;
	private transient volatile Settings settings;

	/** @throws IllegalArgumentException if settings is null */
	public PortableSettings(final Settings settings) {
		if (settings == null) throw new IllegalArgumentException("settings must be given");
		this.settings = settings;
		this.parameters = new LinkedHashMap<>(settings.parameters());
	}

	/** The settings (rebuilt from their parameters after deserialization). */
	public Settings get() {
		Settings s = settings;
		if (s == null) settings = s = Settings.fromParameters(parameters);
		return s;
	}

	/** The parameters, by their public names. */
	public Map<String, Object> parameters() {
		return new LinkedHashMap<>(parameters);
	}

	@Override
	public String toString() {
		return parameters.toString();
	}
}
